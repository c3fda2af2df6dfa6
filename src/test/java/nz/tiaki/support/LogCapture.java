package nz.tiaki.support;

import java.util.ArrayList;
import java.util.List;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import ch.qos.logback.core.AppenderBase;
import org.slf4j.LoggerFactory;

/**
 * Keeps every log line the portal writes while it is open — message, arguments, exception
 * and stack — so a test can check that no patient data ever reaches a log.
 */
public final class LogCapture extends AppenderBase<ILoggingEvent> implements AutoCloseable {

	private final List<String> lines = new ArrayList<>();

	private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

	private final ch.qos.logback.classic.Level levelBefore;

	/**
	 * Listens at INFO, as the portal logs in production, whatever an earlier test (a second
	 * node started with another level, say) left the level at.
	 */
	public LogCapture() {
		setName("log-capture");
		setContext(this.root.getLoggerContext());
		start();
		this.levelBefore = this.root.getLevel();
		this.root.setLevel(ch.qos.logback.classic.Level.INFO);
		this.root.addAppender(this);
		LoggerFactory.getLogger(LogCapture.class).info("Log capture started");
	}

	@Override
	protected synchronized void append(ILoggingEvent event) {
		StringBuilder line = new StringBuilder(event.getFormattedMessage());
		for (IThrowableProxy thrown = event.getThrowableProxy(); thrown != null; thrown = thrown.getCause()) {
			line.append(" | ").append(thrown.getClassName()).append(": ").append(thrown.getMessage());
			for (StackTraceElementProxy frame : thrown.getStackTraceElementProxyArray()) {
				line.append(' ').append(frame.getSTEAsString());
			}
		}
		this.lines.add(line.toString());
	}

	/**
	 * @param secrets what must not appear
	 * @return every captured line holding any of them
	 */
	public synchronized List<String> linesContaining(String... secrets) {
		List<String> found = new ArrayList<>();
		for (String line : this.lines) {
			for (String secret : secrets) {
				if (line.contains(secret)) {
					found.add(line.length() > 300 ? line.substring(0, 300) + "…" : line);
				}
			}
		}
		return found;
	}

	public synchronized int size() {
		return this.lines.size();
	}

	@Override
	public void close() {
		this.root.detachAppender(this);
		this.root.setLevel(this.levelBefore);
		stop();
	}

}
