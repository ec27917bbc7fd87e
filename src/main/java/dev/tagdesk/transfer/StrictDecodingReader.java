package dev.tagdesk.transfer;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;

/**
 * Decodes bytes strictly: an undecodable byte sequence is an error, never a silent U+FFFD (nor a lone
 * surrogate, which {@link CsvRecords} relies on). Every character decoded before the bad bytes is
 * delivered first, and the line ends among them are counted, so {@link UndecodableBytesException}
 * names the line the bad bytes are on, however far ahead a buffering reader above this one reads.
 */
final class StrictDecodingReader extends Reader {

    /** The bytes at this point cannot be decoded with the file's encoding. */
    static final class UndecodableBytesException extends IOException {
        final String bytes;
        /** The 1-based physical line the bytes are on (CR, LF and CRLF each end a line). */
        final long line;

        UndecodableBytesException(String bytes, long line) {
            super("undecodable bytes " + bytes + " on line " + line);
            this.bytes = bytes;
            this.line = line;
        }
    }

    private final InputStream in;
    private final CharsetDecoder decoder;
    private final ByteBuffer bytes = ByteBuffer.allocate(64 * 1024);
    private final CharBuffer chars = CharBuffer.allocate(64 * 1024);
    private boolean endOfInput;
    /** The decoder has been flushed: there is nothing more, however often the caller asks. */
    private boolean finished;

    /** The bad bytes in hex, once met: thrown when everything decoded before them has been delivered. */
    private String pending;

    private long lineEnds;
    private char lastDelivered;

    StrictDecodingReader(InputStream in, Charset charset) {
        this.in = in;
        this.decoder = charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        bytes.flip();
        chars.flip();
    }

    @Override
    public int read(char[] target, int offset, int length) throws IOException {
        while (!chars.hasRemaining()) {
            if (pending != null) {
                throw new UndecodableBytesException(pending, lineEnds + 1);
            }
            if (!fill()) {
                return -1;
            }
        }
        int n = Math.min(length, chars.remaining());
        chars.get(target, offset, n);
        countLineEnds(target, offset, n);
        return n;
    }

    private void countLineEnds(char[] delivered, int offset, int length) {
        char previous = lastDelivered;
        for (int i = offset; i < offset + length; i++) {
            char c = delivered[i];
            if (c == '\r' || c == '\n' && previous != '\r') {
                lineEnds++;
            }
            previous = c;
        }
        lastDelivered = previous;
    }

    /** Decodes the next chunk; false at the end of the input. */
    private boolean fill() throws IOException {
        if (finished) {
            return false;
        }
        chars.clear();
        while (true) {
            if (!endOfInput) {
                bytes.compact();
                int read = in.read(bytes.array(), bytes.position(), bytes.remaining());
                if (read < 0) {
                    endOfInput = true;
                } else {
                    bytes.position(bytes.position() + read);
                }
                bytes.flip();
            }
            CoderResult result = decoder.decode(bytes, chars, endOfInput);
            if (result.isError()) {
                StringBuilder hex = new StringBuilder();
                for (int i = 0; i < result.length() && bytes.hasRemaining(); i++) {
                    hex.append(String.format("%02X ", bytes.get() & 0xFF));
                }
                pending = hex.toString().strip();
                break;
            }
            if (result.isOverflow()) {
                break;
            }
            if (endOfInput) {
                if (decoder.flush(chars).isError()) {
                    pending = "";
                }
                finished = true;
                break;
            }
            if (chars.position() > 0) {
                break;
            }
        }
        chars.flip();
        return chars.hasRemaining() || pending != null;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
