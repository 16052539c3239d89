package org.reportonce.hashing.image;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The fast path's pool of working arrays: reuse, the zeroes its users rely on, and its bounds. */
class ScratchTest {

    @Test
    void returnedScratch_isLentAgain_withItsArrays() {
        float[] plane;
        Scratch first = Scratch.borrow();
        plane = first.lumaWork(512 * 512);
        first.close();
        // another thread may have taken it in between: then this one is new, which is fine, so
        // borrow as many as the pool holds and look for it among them
        Scratch[] all = new Scratch[Scratch.POOL_SIZE];
        boolean found = false;
        for (int i = 0; i < all.length; i++) {
            all[i] = Scratch.borrow();
            found |= all[i] == first && all[i].lumaWork(512 * 512) == plane;
        }
        for (Scratch s : all) s.close();
        assertThat(found).isTrue();
    }

    @Test
    void arraysReliedOnToBeZero_comeBackCleared_overTheLengthAsked() {
        try (Scratch s = Scratch.borrow()) {
            byte[] prev = s.pngPrevious(100);
            java.util.Arrays.fill(prev, (byte) 7);
            long[] masks = s.nonzero(300);
            java.util.Arrays.fill(masks, -1L);
            byte[] again = s.pngPrevious(60);
            long[] masksAgain = s.nonzero(200);
            assertThat(again).isSameAs(prev);
            assertThat(masksAgain).isSameAs(masks);
            for (int i = 0; i < 60; i++) assertThat(again[i]).isZero();
            for (int i = 0; i < 200; i++) assertThat(masksAgain[i]).isZero();
        }
    }

    @Test
    void exactLengthArrays_haveTheLengthAsked_evenAfterABiggerOne() {
        try (Scratch s = Scratch.borrow()) {
            assertThat(s.rgb(512 * 512)).hasSize(512 * 512);
            assertThat(s.rgb(300 * 200)).hasSize(300 * 200);
            assertThat(s.lumaPlane(512 * 512)).hasSize(512 * 512);
            assertThat(s.lumaWork(100)).hasSize(512 * 512); // at least: the plane is reused
            assertThat(s.lumaPlane(100)).hasSize(100);
        }
    }

    @Test
    void arraysOverTheCap_areNotKept() {
        int big = (int) (Scratch.MAX_KEPT_BYTES / 2) + 1; // shorts
        try (Scratch s = Scratch.borrow()) {
            short[] a = s.coefficients(big);
            assertThat(s.coefficients(big)).isNotSameAs(a);
            short[] small = s.coefficients(1000);
            assertThat(s.coefficients(1000)).isSameAs(small);
        }
    }

    @Test
    void unpooledScratch_keepsNothing() {
        try (Scratch s = Scratch.unpooled()) {
            float[] a = s.lumaPlane(512 * 512);
            assertThat(s.lumaPlane(512 * 512)).isNotSameAs(a);
            assertThat(s.sampledLuma(10)).hasSize(10);
        }
    }
}
