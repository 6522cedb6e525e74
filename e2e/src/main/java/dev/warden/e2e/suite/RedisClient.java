package dev.warden.e2e.suite;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The few Redis commands the suite needs (PING; SCAN and UNLINK to clear a key prefix), over one connection
 * speaking RESP2. Not thread-safe; one short-lived instance per use.
 */
public final class RedisClient implements AutoCloseable {

    private static final int TIMEOUT_MS = 2000;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private RedisClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    /**
     * Connects to {@code host:port}.
     *
     * @throws IOException when nothing accepts the connection within 2 s
     */
    public static RedisClient connect(String host, int port) throws IOException {
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(host, port), TIMEOUT_MS);
            socket.setSoTimeout(TIMEOUT_MS);
            return new RedisClient(socket);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    /** Whether a Redis server answers PING at {@code host:port}. */
    public static boolean answers(String host, int port) {
        try (RedisClient redis = connect(host, port)) {
            return "PONG".equals(redis.command("PING"));
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /**
     * Deletes every key starting with {@code prefix} (SCAN, then UNLINK per batch).
     *
     * @return how many keys were deleted
     * @throws IllegalArgumentException for a prefix that is empty or holds a glob character (it would match more)
     */
    public long deletePrefix(String prefix) throws IOException {
        if (prefix.isEmpty() || prefix.chars().anyMatch(c -> c == '*' || c == '?' || c == '[' || c == '\\')) {
            throw new IllegalArgumentException("refusing to delete keys by the prefix '" + prefix + "'");
        }
        long deleted = 0;
        String cursor = "0";
        do {
            List<?> reply = (List<?>) command("SCAN", cursor, "MATCH", prefix + "*", "COUNT", "1000");
            cursor = (String) reply.get(0);
            List<?> keys = (List<?>) reply.get(1);
            if (!keys.isEmpty()) {
                List<String> args = new ArrayList<>();
                args.add("UNLINK");
                keys.forEach(k -> args.add((String) k));
                deleted += (Long) command(args.toArray(String[]::new));
            }
        } while (!"0".equals(cursor));
        return deleted;
    }

    /**
     * Sends one command and returns its reply: a String (simple or bulk string; null for a null bulk string), a
     * Long, or a List of replies.
     *
     * @throws IOException on a connection failure or an error reply (its text in the message)
     */
    public Object command(String... args) throws IOException {
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        request.writeBytes(("*" + args.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
        for (String arg : args) {
            byte[] bytes = arg.getBytes(StandardCharsets.UTF_8);
            request.writeBytes(("$" + bytes.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            request.writeBytes(bytes);
            request.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.write(request.toByteArray());
        out.flush();
        return reply();
    }

    private Object reply() throws IOException {
        int type = in.read();
        String line = line();
        switch (type) {
            case '+':
                return line;
            case '-':
                throw new IOException("Redis: " + line);
            case ':':
                return Long.parseLong(line);
            case '$': {
                int length = Integer.parseInt(line);
                if (length < 0) {
                    return null;
                }
                byte[] bytes = in.readNBytes(length + 2);
                return new String(bytes, 0, length, StandardCharsets.UTF_8);
            }
            case '*': {
                int count = Integer.parseInt(line);
                List<Object> items = new ArrayList<>(Math.max(count, 0));
                for (int i = 0; i < count; i++) {
                    items.add(reply());
                }
                return items;
            }
            default:
                throw new IOException("unexpected Redis reply type " + (type < 0 ? "(end of stream)" : (char) type));
        }
    }

    private String line() throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        int previous = -1;
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("Redis closed the connection");
            }
            if (previous == '\r' && b == '\n') {
                byte[] bytes = buffer.toByteArray();
                return new String(bytes, 0, bytes.length - 1, StandardCharsets.UTF_8);
            }
            buffer.write(b);
            previous = b;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
