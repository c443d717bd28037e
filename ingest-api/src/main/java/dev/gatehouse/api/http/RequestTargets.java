package dev.gatehouse.api.http;

import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.internal.HttpConnection;

/**
 * The request target as the client sent it, for answering errors Jetty raises before any handler.
 * When the target of a request line cannot be parsed ({@code /admin/v1/tenants/%zz}: "Bad URI %
 * encoding"), Jetty 12 answers through the error handler with a synthetic {@code BAD /badMessage}
 * request and the target is gone; yet the error's shape depends on it (the admin API answers
 * {@code {"error"}}, SCIM an RFC 7644 body). So the HTTP/1.1 connections of the API remember the last
 * target they were sent, with the time its message began, which ties it to the request it came with.
 *
 * <p>Extends Jetty's {@code internal} {@link HttpConnection}: the one place the raw target passes
 * ({@code newHttpStream}). If an upgrade changes that, {@code RawConnectionIT} says so.
 */
final class RequestTargets {
    private static final String ATTRIBUTE = RequestTargets.class.getName();

    private RequestTargets() {
    }

    private record Target(String target, long beginNanos) {
    }

    /** An {@link HttpConnectionFactory} whose connections remember each request's raw target. */
    static final class ConnectionFactory extends HttpConnectionFactory {
        ConnectionFactory(HttpConfiguration configuration) {
            super(configuration);
        }

        @Override
        public Connection newConnection(Connector connector, EndPoint endPoint) {
            // As HttpConnectionFactory.newConnection, with newHttpStream noting the target first.
            HttpConnection connection = new HttpConnection(getHttpConfiguration(), connector, endPoint) {
                @Override
                protected HttpStreamOverHTTP1 newHttpStream(String method, String uri, HttpVersion version) {
                    if (!isSynthetic(method, uri)) {
                        setAttribute(ATTRIBUTE, new Target(uri, getParser().getBeginNanoTime()));
                    }
                    return super.newHttpStream(method, uri, version);
                }
            };
            connection.setTransferEncodingChunkMaxLength(getTransferEncodingChunkMaxLength());
            return configure(connection, connector, endPoint);
        }
    }

    /**
     * The path of {@code request} as sent, percent-encoding and all: the remembered target when it
     * belongs to this request, else the parsed URI's; null when neither is known (a request line
     * Jetty could not read at all).
     */
    static String rawPath(Request request) {
        if (request.getConnectionMetaData().getAttribute(ATTRIBUTE) instanceof Target t
                && t.beginNanos() == request.getBeginNanoTime()) {
            return pathOf(t.target());
        }
        HttpURI uri = request.getHttpURI();
        return uri == null || isSynthetic(request.getMethod(), uri.getPath()) ? null : uri.getPath();
    }

    /** The request Jetty makes up to answer a request line it could not read. */
    private static boolean isSynthetic(String method, String target) {
        return "BAD".equals(method) && "/badMessage".equals(target);
    }

    /** The path of an origin-form ({@code /a?q}) or absolute-form ({@code http://h/a?q}) target. */
    private static String pathOf(String target) {
        String path = target;
        int scheme = path.indexOf("://");
        if (!path.startsWith("/") && scheme > 0) {
            int slash = path.indexOf('/', scheme + 3);
            path = slash < 0 ? "/" : path.substring(slash);
        }
        int end = path.length();
        for (char c : new char[] {'?', '#'}) {
            int at = path.indexOf(c);
            end = at >= 0 ? Math.min(end, at) : end;
        }
        return path.substring(0, end);
    }
}
