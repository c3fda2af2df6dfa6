package nz.tiaki.notifications;

import org.springframework.context.ApplicationContext;

/**
 * Lets tests of other modules deliver the outbox now, instead of waiting for its poll.
 */
public final class Outbox {

	private Outbox() {
	}

	public static void deliverNow(ApplicationContext context) {
		context.getBean(OutboxSender.class).deliverDue();
	}

}
