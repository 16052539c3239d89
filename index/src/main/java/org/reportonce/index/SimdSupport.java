package org.reportonce.index;

/**
 * Whether {@link SimdFilter} can be used: the incubating {@code jdk.incubator.vector} module is
 * resolved only when the JVM is started with {@code --add-modules jdk.incubator.vector}. Without
 * it (the default for any program embedding the index) queries use the scalar filter, with the
 * same results. {@code -Dreportonce.index.simd=false} forces the scalar filter even with the module.
 */
final class SimdSupport {
    private SimdSupport() {}

    static final boolean AVAILABLE = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
            && !"false".equalsIgnoreCase(System.getProperty("reportonce.index.simd"));
}
