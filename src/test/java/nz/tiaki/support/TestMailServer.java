package nz.tiaki.support;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;

/**
 * A real SMTP server (GreenMail) for the test run, started once beside the portal; the portal
 * is configured to deliver its e-mail to it.
 */
public final class TestMailServer {

	private static final GreenMail SERVER = start();

	private TestMailServer() {
	}

	private static GreenMail start() {
		GreenMail server = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
		server.start();
		return server;
	}

	/**
	 * @return the port the server listens on
	 */
	public static int port() {
		return SERVER.getSmtp().getPort();
	}

	/**
	 * @return every message received so far
	 */
	public static MimeMessage[] received() {
		return SERVER.getReceivedMessages();
	}

	/**
	 * @param address a recipient
	 * @return the messages received for that address
	 */
	public static MimeMessage[] receivedBy(String address) {
		return SERVER.getReceivedMessagesForDomain(address);
	}

}
