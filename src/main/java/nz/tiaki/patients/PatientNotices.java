package nz.tiaki.patients;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;

import nz.tiaki.access.EmergencyAccessOpened;
import nz.tiaki.identity.AccountHolder;
import nz.tiaki.identity.Accounts;
import nz.tiaki.notifications.Notifications;
import nz.tiaki.notifications.Template;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Tells patients, by e-mail, of what happened to their record that they would want to know
 * at once: emergency access by a clinician outside their care team. The message says only
 * that it happened and where to look.
 */
@Component
class PatientNotices {

	static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("d MMMM yyyy, h:mm a", Locale.ENGLISH)
		.withZone(ZoneId.of("Pacific/Auckland"));

	private final Accounts accounts;

	private final Notifications notifications;

	PatientNotices(Accounts accounts, Notifications notifications) {
		this.accounts = accounts;
		this.notifications = notifications;
	}

	@EventListener
	void emergencyAccess(EmergencyAccessOpened opened) {
		this.accounts.addressOf(AccountHolder.patient(opened.patient().value()))
			.ifPresent(address -> this.notifications.send(address, Template.EMERGENCY_ACCESS,
					Map.of("time", WHEN.format(opened.at())),
					"emergency:" + opened.patient().value() + ":" + opened.at().toEpochMilli()));
	}

}
