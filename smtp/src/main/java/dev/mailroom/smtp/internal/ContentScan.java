package dev.mailroom.smtp.internal;

/** Counts octets and looks for 8-bit octets, in the header and overall. Not thread-safe. */
public final class ContentScan {
    private long size;
    private boolean eightBit;
    private boolean utf8Headers;
    private boolean inHeader = true;
    private int lineLength;

    /** A scan with nothing seen yet. */
    public ContentScan() {
    }

    /**
     * @param b bytes
     * @param off start
     * @param len length
     * @return a scan of these bytes
     */
    public static ContentScan of(byte[] b, int off, int len) {
        ContentScan s = new ContentScan();
        s.update(b, off, len);
        return s;
    }

    /**
     * @param b bytes
     * @param off start
     * @param len length
     */
    public void update(byte[] b, int off, int len) {
        size += len;
        for (int i = off; i < off + len; i++) {
            int c = b[i] & 0xff;
            if (c > 127) {
                eightBit = true;
                if (inHeader) {
                    utf8Headers = true;
                }
            }
            if (c == '\n') {
                if (lineLength == 0) {
                    inHeader = false;
                }
                lineLength = 0;
            } else if (c != '\r') {
                lineLength++;
            }
        }
    }

    /** @return octets seen */
    public long size() {
        return size;
    }

    /** @return whether an octet above 127 was seen */
    public boolean eightBit() {
        return eightBit;
    }

    /** @return whether one was seen in the header */
    public boolean utf8Headers() {
        return utf8Headers;
    }
}
