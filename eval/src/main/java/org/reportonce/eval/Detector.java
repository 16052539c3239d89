package org.reportonce.eval;

import org.reportonce.hashing.signalset.RgbImage;

/**
 * A way of finding copies of reported images: what a report submits for an image, what a platform
 * looks up for an upload, and how the two compare. The harness measures any detector the same way.
 *
 * <p>This is a Java service-provider interface: a detector in another jar is found by
 * {@link java.util.ServiceLoader} when the jar is on the class path and lists its class in
 * {@code META-INF/services/org.reportonce.eval.Detector}. Implementations need a public no-argument
 * constructor and must be thread-safe (the harness may fingerprint on several threads).
 *
 * <p>Comparison is a distance: lower is more alike, and a pair matches when its distance is at most
 * the threshold. The harness sweeps thresholds from 0 to {@link #maxThreshold()} to draw the
 * recall / false-match curve, and reports the table at {@link #defaultThreshold()} unless told
 * otherwise.
 */
public interface Detector {

    /** Short name for tables and the command line, e.g. {@code pdq}. */
    String name();

    /** One line on what it does. */
    String description();

    /** What a report of {@code image} submits. */
    Fingerprint reported(RgbImage image);

    /** What a platform looks up for an upload of {@code image}. */
    Fingerprint uploaded(RgbImage image);

    /**
     * The distance between a report and an upload; {@link #NO_MATCH} when nothing is comparable (e.g. every
     * hash is below the quality floor).
     */
    int distance(Fingerprint reported, Fingerprint uploaded);

    /** The threshold this detector is meant to run at. */
    int defaultThreshold();

    /** The largest threshold worth sweeping to. */
    int maxThreshold();

    /** Distance meaning "cannot match at any threshold". */
    int NO_MATCH = Integer.MAX_VALUE;

    /** What a detector keeps for one image: opaque to the harness except for its size. */
    interface Fingerprint {
        /** How many hashes this is: the index entries a report costs, or the look-ups an upload costs. */
        int hashCount();
    }
}
