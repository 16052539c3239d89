package org.reportonce.network;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.reportonce.network.DemoPlatform.Spec;

/**
 * What the demo platforms host. Everything is generated ({@link DemoPictures}) and deterministic, so
 * two runs of {@code reportonce up} hold the same pictures.
 *
 * <p>The <b>scenario pictures</b> are the ones a scenario reports: picture {@code k} was posted on
 * Chirp, reposted on Threadly (recompressed, and mirrored) and on Pixhost (cropped, and framed).
 * Every platform also hosts a few <b>unrelated</b> pictures, and Pixhost an edited copy of one of
 * Chirp's unrelated posts, which nobody reports: a takedown there would be a false match.
 */
public final class DemoContent {

    private DemoContent() {}

    /** How a copy differs from the picture it was made from. */
    public enum Edit {
        ORIGINAL("the original"),
        RECOMPRESSED("recompressed (JPEG quality 35)"),
        MIRRORED("mirrored"),
        CROPPED("cropped by 8 % at the right and bottom"),
        FRAMED("framed with a white border"),
        SCALED("scaled to 60 %");

        private final String description;

        Edit(String description) {
            this.description = description;
        }

        public String description() {
            return description;
        }
    }

    /**
     * One file on one platform.
     *
     * @param seed             the picture it shows ({@link DemoPictures#picture(long)})
     * @param contentReference the platform's id of it, which is also its path in the platform's folder
     */
    public record Item(Spec platform, String contentReference, long seed, Edit edit) {
        public Item {
            Objects.requireNonNull(platform, "platform");
            Objects.requireNonNull(contentReference, "contentReference");
            Objects.requireNonNull(edit, "edit");
        }
    }

    /** A picture posted on Chirp, and the copies other platforms host. */
    public record ScenarioPicture(int index, long seed, Item original, List<Item> copies) {
        public ScenarioPicture {
            copies = List.copyOf(copies);
        }

        /** The original and every copy. */
        public List<Item> all() {
            List<Item> out = new ArrayList<>(copies.size() + 1);
            out.add(original);
            out.addAll(copies);
            return out;
        }
    }

    /** Scenario picture {@code k} (0, 1, 2, ...) and where its copies are. */
    public static ScenarioPicture scenarioPicture(int k) {
        if (k < 0) throw new IllegalArgumentException("scenario picture index must be >= 0, got " + k);
        long seed = 1000L + k;
        String base = "content/photo-" + k;
        return new ScenarioPicture(k, seed,
                new Item(Spec.CHIRP, base + ".jpg", seed, Edit.ORIGINAL),
                List.of(new Item(Spec.THREADLY, base + "-repost.jpg", seed, Edit.RECOMPRESSED),
                        new Item(Spec.THREADLY, base + "-mirrored.jpg", seed, Edit.MIRRORED),
                        new Item(Spec.PIXHOST, base + "-cropped.jpg", seed, Edit.CROPPED),
                        new Item(Spec.PIXHOST, base + "-framed.jpg", seed, Edit.FRAMED)));
    }

    /** How many scenario pictures a new network is seeded with. */
    public static final int SEEDED_SCENARIO_PICTURES = 3;

    /** The pictures nobody reports. */
    public static List<Item> unrelated() {
        List<Item> out = new ArrayList<>();
        String[] names = {"content/post-%d.jpg", "content/attachment-%d.png", "content/image-%d.jpg"};
        for (Spec p : Spec.ALL) {
            for (int i = 0; i < 5; i++) {
                out.add(new Item(p, names[p.ordinal()].formatted(i), 2000L + 100L * p.ordinal() + i, Edit.ORIGINAL));
            }
        }
        out.add(new Item(Spec.PIXHOST, "content/post-0-scaled.jpg", 2000L, Edit.SCALED));
        out.add(new Item(Spec.THREADLY, "content/post-1-cropped.jpg", 2001L, Edit.CROPPED));
        return out;
    }

    /** The file's bytes: the picture, edited, encoded as its name says (JPEG or PNG). */
    public static byte[] render(Item item) {
        BufferedImage pic = DemoPictures.picture(item.seed());
        BufferedImage edited = switch (item.edit()) {
            case ORIGINAL, RECOMPRESSED -> pic;
            case MIRRORED -> DemoPictures.mirrored(pic);
            case CROPPED -> DemoPictures.cropped(pic, 0, 0, 0.08, 0.08);
            case FRAMED -> DemoPictures.framed(pic, 0.06, Color.WHITE);
            case SCALED -> DemoPictures.scaled(pic, 0.6);
        };
        if (item.contentReference().endsWith(".png")) return DemoPictures.png(edited);
        return DemoPictures.jpeg(edited, item.edit() == Edit.RECOMPRESSED ? 0.35f : 0.9f);
    }
}
