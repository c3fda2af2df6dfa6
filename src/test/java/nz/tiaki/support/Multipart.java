package nz.tiaki.support;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

/**
 * A multipart/form-data body for tests.
 */
public final class Multipart {

	private final String boundary = "----tiaki" + UUID.randomUUID().toString().replace("-", "");

	private final ByteArrayOutputStream body = new ByteArrayOutputStream();

	public Multipart field(String name, String value) {
		write("--" + this.boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n");
		return this;
	}

	public Multipart file(String name, String filename, String contentType, byte[] content) {
		write("--" + this.boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"; filename=\"" + filename
				+ "\"\r\nContent-Type: " + contentType + "\r\n\r\n");
		this.body.writeBytes(content);
		write("\r\n");
		return this;
	}

	public Multipart fields(Map<String, String> fields) {
		fields.forEach(this::field);
		return this;
	}

	public byte[] bytes() {
		ByteArrayOutputStream copy = new ByteArrayOutputStream();
		copy.writeBytes(this.body.toByteArray());
		copy.writeBytes(("--" + this.boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
		return copy.toByteArray();
	}

	public HttpRequest.Builder post(Visitor visitor, String path, String csrf, String accept) {
		return HttpRequest.newBuilder(visitor.uri(path))
			.POST(HttpRequest.BodyPublishers.ofByteArray(bytes()))
			.header("Content-Type", "multipart/form-data; boundary=" + this.boundary)
			.header("X-CSRF-TOKEN", csrf)
			.header("Accept", accept);
	}

	private void write(String text) {
		this.body.writeBytes(text.getBytes(StandardCharsets.UTF_8));
	}

}
