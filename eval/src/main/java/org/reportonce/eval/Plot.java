package org.reportonce.eval;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Locale;

/**
 * The recall / false-match trade-off: for each detector, one point per threshold 0..maxThreshold at
 * (false-match rate among unrelated pairs, recall over all edited copies), joined into a curve, with
 * the detector's operating threshold circled. The x axis is logarithmic; a rate of zero is drawn at
 * the left edge (one pair in the run, halved). The same drawing is emitted as SVG text and painted
 * with Java2D for the PNG, from one list of drawing calls.
 */
public final class Plot {
    static final int W = 900;
    static final int H = 600;
    private static final int LEFT = 80;
    private static final int RIGHT = 220;
    private static final int TOP = 50;
    private static final int BOTTOM = 70;
    private static final int[] COLOURS = {0x1f77b4, 0xd62728, 0x2ca02c, 0x9467bd, 0xff7f0e, 0x8c564b};

    private Plot() {}

    /** Where drawing calls go. */
    interface Canvas {
        void line(double x1, double y1, double x2, double y2, int rgb, double width, boolean dashed);

        void polyline(double[] xs, double[] ys, int rgb, double width);

        void circle(double x, double y, double r, int rgb);

        void text(double x, double y, String s, int size, String anchor);
    }

    public static String svg(EvalResult r) {
        StringBuilder sb = new StringBuilder();
        sb.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(W).append("\" height=\"").append(H)
                .append("\" viewBox=\"0 0 ").append(W).append(' ').append(H).append("\" font-family=\"sans-serif\">\n")
                .append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        draw(r, new Canvas() {
            @Override
            public void line(double x1, double y1, double x2, double y2, int rgb, double width, boolean dashed) {
                sb.append(String.format(Locale.ROOT,
                        "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#%06x\" stroke-width=\"%.1f\"%s/>%n",
                        x1, y1, x2, y2, rgb, width, dashed ? " stroke-dasharray=\"4 4\"" : ""));
            }

            @Override
            public void polyline(double[] xs, double[] ys, int rgb, double width) {
                sb.append("<polyline fill=\"none\" stroke=\"").append(String.format(Locale.ROOT, "#%06x", rgb))
                        .append("\" stroke-width=\"").append(width).append("\" points=\"");
                for (int i = 0; i < xs.length; i++) {
                    sb.append(String.format(Locale.ROOT, "%.1f,%.1f ", xs[i], ys[i]));
                }
                sb.append("\"/>\n");
            }

            @Override
            public void circle(double x, double y, double rad, int rgb) {
                sb.append(String.format(Locale.ROOT,
                        "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\" fill=\"none\" stroke=\"#%06x\" stroke-width=\"2\"/>%n",
                        x, y, rad, rgb));
            }

            @Override
            public void text(double x, double y, String s, int size, String anchor) {
                sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"%d\" text-anchor=\"%s\">",
                        x, y, size, anchor)).append(escape(s)).append("</text>\n");
            }
        });
        return sb.append("</svg>\n").toString();
    }

    public static BufferedImage png(EvalResult r) {
        BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, W, H);
        draw(r, new Canvas() {
            @Override
            public void line(double x1, double y1, double x2, double y2, int rgb, double width, boolean dashed) {
                g.setColor(new Color(rgb));
                g.setStroke(dashed ? new BasicStroke((float) width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10,
                        new float[] {4, 4}, 0) : new BasicStroke((float) width));
                g.draw(new Line2D.Double(x1, y1, x2, y2));
            }

            @Override
            public void polyline(double[] xs, double[] ys, int rgb, double width) {
                Path2D.Double p = new Path2D.Double();
                p.moveTo(xs[0], ys[0]);
                for (int i = 1; i < xs.length; i++) p.lineTo(xs[i], ys[i]);
                g.setColor(new Color(rgb));
                g.setStroke(new BasicStroke((float) width));
                g.draw(p);
            }

            @Override
            public void circle(double x, double y, double rad, int rgb) {
                g.setColor(new Color(rgb));
                g.setStroke(new BasicStroke(2));
                g.draw(new Ellipse2D.Double(x - rad, y - rad, 2 * rad, 2 * rad));
            }

            @Override
            public void text(double x, double y, String s, int size, String anchor) {
                g.setColor(Color.BLACK);
                g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, size));
                int w = g.getFontMetrics().stringWidth(s);
                double dx = switch (anchor) {
                    case "middle" -> -w / 2.0;
                    case "end" -> -w;
                    default -> 0;
                };
                g.drawString(s, (float) (x + dx), (float) y);
            }
        });
        g.dispose();
        return img;
    }

    static void draw(EvalResult r, Canvas c) {
        long pairs = r.detectors().isEmpty() ? 1 : Math.max(1, r.detectors().get(0).unrelatedPairs());
        double minLog = Math.floor(Math.log10(0.5 / pairs));
        double maxLog = 0;
        double plotW = W - LEFT - RIGHT;
        double plotH = H - TOP - BOTTOM;
        double yMin = 0.3;
        java.util.function.DoubleUnaryOperator px = rate -> {
            double l = rate <= 0 ? Math.log10(0.5 / pairs) : Math.log10(rate);
            return LEFT + (l - minLog) / (maxLog - minLog) * plotW;
        };
        java.util.function.DoubleUnaryOperator py = rec -> TOP + (1 - (Math.max(rec, yMin) - yMin) / (1 - yMin)) * plotH;
        // grid and axes
        for (int e = (int) minLog; e <= 0; e++) {
            double x = px.applyAsDouble(Math.pow(10, e));
            c.line(x, TOP, x, TOP + plotH, 0xdddddd, 1, false);
            c.text(x, TOP + plotH + 18, "1e" + e, 11, "middle");
        }
        for (int i = 3; i <= 10; i++) {
            double y = py.applyAsDouble(i / 10.0);
            c.line(LEFT, y, LEFT + plotW, y, 0xdddddd, 1, false);
            c.text(LEFT - 8, y + 4, (i * 10) + " %", 11, "end");
        }
        c.line(LEFT, TOP + plotH, LEFT + plotW, TOP + plotH, 0x000000, 1, false);
        c.line(LEFT, TOP, LEFT, TOP + plotH, 0x000000, 1, false);
        c.text(LEFT + plotW / 2, H - 25, "false-match rate (edited copies of other pictures vs a report; log scale)", 13, "middle");
        c.text(20, TOP - 12, "recall (edited copies matched)", 13, "start");
        c.text(LEFT + plotW / 2, 22, String.format(Locale.ROOT, "Recall vs false matches, thresholds 0..64: %d originals x %d edits",
                r.originals(), r.editsPerOriginal()), 15, "middle");
        List<EvalResult.DetectorResult> ds = r.detectors();
        for (int k = 0; k < ds.size(); k++) {
            EvalResult.DetectorResult d = ds.get(k);
            int colour = COLOURS[k % COLOURS.length];
            int n = 65;
            double[] xs = new double[n];
            double[] ys = new double[n];
            for (int t = 0; t < n; t++) {
                xs[t] = px.applyAsDouble(d.unrelatedFalseMatchRate(t));
                ys[t] = py.applyAsDouble(d.recall(t));
            }
            c.polyline(xs, ys, colour, 2);
            int t = Math.min(d.threshold(), 64);
            c.circle(xs[t], ys[t], 6, colour);
            double ly = TOP + 20 + k * 40;
            c.line(W - RIGHT + 15, ly - 4, W - RIGHT + 45, ly - 4, colour, 3, false);
            c.text(W - RIGHT + 52, ly, d.name(), 13, "start");
            c.text(W - RIGHT + 52, ly + 16, String.format(Locale.ROOT, "<=%d: %.1f %%, %d false", d.threshold(),
                    100 * d.recall(d.threshold()), d.unrelatedFalseMatches(d.threshold())), 11, "start");
        }
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
