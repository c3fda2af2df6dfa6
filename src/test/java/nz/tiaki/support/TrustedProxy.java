package nz.tiaki.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * A byte relay in front of the test portal that connects from 127.0.0.3, the address the
 * tests' portal trusts as its reverse proxy, so a request's {@code X-Forwarded-For} (see
 * {@link Visitor#from(String)}) is believed: tests can sign in "from" any address, as
 * requests through a real load balancer would. Nothing of HTTP is changed on the way.
 */
public final class TrustedProxy implements AutoCloseable {

	/** The address the test portal trusts ({@code tiaki.web.trusted-proxies}). */
	public static final String PROXY_ADDRESS = "127.0.0.3";

	private final ServerSocket listener;

	private final int portalPort;

	public TrustedProxy(int portalPort) {
		this.portalPort = portalPort;
		try {
			this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		Thread accepting = new Thread(this::accept, "trusted-proxy");
		accepting.setDaemon(true);
		accepting.start();
	}

	/**
	 * @return where to send requests so they arrive through the proxy
	 */
	public String origin() {
		return "http://127.0.0.1:" + this.listener.getLocalPort();
	}

	private void accept() {
		while (!this.listener.isClosed()) {
			try {
				Socket client = this.listener.accept();
				Socket portal = new Socket();
				portal.bind(new InetSocketAddress(PROXY_ADDRESS, 0));
				portal.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), this.portalPort), 5_000);
				pipe(client, portal);
				pipe(portal, client);
			}
			catch (IOException ex) {
				if (!this.listener.isClosed()) {
					throw new UncheckedIOException(ex);
				}
			}
		}
	}

	private static void pipe(Socket from, Socket to) {
		Thread copying = new Thread(() -> {
			try (InputStream in = from.getInputStream()) {
				OutputStream out = to.getOutputStream();
				byte[] buffer = new byte[16 * 1024];
				int n;
				while ((n = in.read(buffer)) >= 0) {
					out.write(buffer, 0, n);
					out.flush();
				}
			}
			catch (IOException ex) {
				// the other side closed: nothing to relay any more
			}
			finally {
				close(to);
			}
		}, "trusted-proxy-pipe");
		copying.setDaemon(true);
		copying.start();
	}

	private static void close(Socket socket) {
		try {
			socket.close();
		}
		catch (IOException ex) {
			// already closed
		}
	}

	@Override
	public void close() {
		try {
			this.listener.close();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
