package org.reportonce.index;

import java.util.Arrays;

/**
 * A map from long keys to non-negative ints, open addressing with linear probing and
 * backward-shift deletion (no tombstones). Single-threaded: the index's writer owns it.
 */
final class LongIntMap {
    private static final int EMPTY = -1;

    private long[] keys = new long[16];
    private int[] values = filled(16);
    private int size;
    private int mask = 15;

    private static int[] filled(int n) {
        int[] v = new int[n];
        Arrays.fill(v, EMPTY);
        return v;
    }

    private int slot(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32)) & mask;
    }

    /** The value for {@code key}, or -1. */
    int get(long key) {
        for (int i = slot(key); ; i = (i + 1) & mask) {
            int v = values[i];
            if (v == EMPTY) return EMPTY;
            if (keys[i] == key) return v;
        }
    }

    void put(long key, int value) {
        if (value < 0) throw new IllegalArgumentException("values must be >= 0, got " + value);
        if (2 * (size + 1) > keys.length) grow();
        for (int i = slot(key); ; i = (i + 1) & mask) {
            if (values[i] == EMPTY) {
                keys[i] = key;
                values[i] = value;
                size++;
                return;
            }
            if (keys[i] == key) {
                values[i] = value;
                return;
            }
        }
    }

    void remove(long key) {
        int i = slot(key);
        while (true) {
            if (values[i] == EMPTY) return;
            if (keys[i] == key) break;
            i = (i + 1) & mask;
        }
        size--;
        // shift later members of the probe run back over the hole
        int hole = i;
        for (int j = (hole + 1) & mask; values[j] != EMPTY; j = (j + 1) & mask) {
            int home = slot(keys[j]);
            boolean movable = hole <= j ? (home <= hole || home > j) : (home <= hole && home > j);
            if (movable) {
                keys[hole] = keys[j];
                values[hole] = values[j];
                hole = j;
            }
        }
        values[hole] = EMPTY;
    }

    int size() {
        return size;
    }

    private void grow() {
        long[] oldKeys = keys;
        int[] oldValues = values;
        keys = new long[oldKeys.length * 2];
        values = filled(oldKeys.length * 2);
        mask = keys.length - 1;
        size = 0;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldValues[i] != EMPTY) put(oldKeys[i], oldValues[i]);
        }
    }
}
