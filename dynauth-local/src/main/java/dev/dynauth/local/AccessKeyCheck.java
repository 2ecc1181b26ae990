package dev.dynauth.local;

import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Lets through only requests whose SigV4 {@code Authorization} header names one access key id, and answers
 * the others as DynamoDB answers an unknown key, so SDK clients report a clear error.
 */
final class AccessKeyCheck extends Handler.Wrapper {
    private static final String REFUSED = "{\"__type\":\"com.amazonaws.dynamodb.v20120810#UnrecognizedClientException\","
            + "\"message\":\"The security token included in the request is invalid.\"}";

    private final String credential;

    AccessKeyCheck(Handler next, String accessKeyId) {
        super(next);
        // "AWS4-HMAC-SHA256 Credential=<id>/<date>/<region>/dynamodb/aws4_request, SignedHeaders=..., Signature=..."
        this.credential = "Credential=" + accessKeyId + "/";
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String authorization = request.getHeaders().get(HttpHeader.AUTHORIZATION);
        if (authorization != null && authorization.contains(credential)) {
            return super.handle(request, response, callback);
        }
        response.setStatus(400);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/x-amz-json-1.0");
        response.write(true, ByteBuffer.wrap(REFUSED.getBytes(StandardCharsets.UTF_8)), callback);
        return true;
    }
}
