package org.reportonce.eval;

/**
 * The kinds of edit the harness applies; recall is reported per kind. The set follows what people
 * do to an image before re-uploading it: re-encode, resize, filter, flip or turn, crop, frame,
 * straighten, stretch, caption, decorate, and screenshot it inside an app.
 */
public enum EditKind {
    JPEG_LOW_QUALITY("JPEG re-encoded at quality 20 and 35"),
    DOWNSCALE("scaled down to 50 % and 25 %"),
    BLUR("Gaussian blur, sigma 1.5 and 3 (of a 1024 px image)"),
    BRIGHTNESS_CONTRAST("brighter and more contrast; darker and flatter"),
    GREYSCALE("converted to grey"),
    MIRROR("flipped left-right"),
    ROTATE_90("turned by 90, 180 and 270 degrees"),
    CROP_CENTRED("centred crop removing 3, 5, 7 and 10 % of width and height"),
    CROP_OFF_CENTRE("off-centre crop removing 5 and 10 % of width and height, split at random between the sides"),
    CROP_ONE_SIDE("5 and 10 % removed from one random side"),
    BORDER("a plain border of 5 to 15 % of the size, random colour"),
    ROTATE_SMALL("straightened by 1 to 5 degrees either way, zoomed to fill (as phone editors do)"),
    ROTATE_SMALL_CANVAS("turned by 1 to 5 degrees either way on the same canvas, corners filled black or white"),
    ASPECT("stretched by 20 % horizontally or vertically"),
    CAPTION("a caption drawn over the lower part of the picture"),
    CAPTION_BAND("a meme-style white band with text added above the picture"),
    STICKER("an emoji-like sticker covering 2 % or 5 % of the picture at a random place"),
    SCREENSHOT("shown inside a phone app's frame: status bar, header, action icons, caption, navigation bar");

    private final String description;

    EditKind(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }

    /** Lowercase name used in reports, JSON and on the command line. */
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
