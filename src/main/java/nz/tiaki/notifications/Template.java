package nz.tiaki.notifications;

import java.util.Map;

/**
 * The e-mails Tiaki sends, in plain words. They tell that something happened and where to
 * look, never what is in anyone's record: a lost or forwarded e-mail reveals nothing clinical.
 * Values are filled from a fixed list of names; anything else is ignored.
 */
public enum Template {

	/** A device the account had not used before signed in. */
	NEW_DEVICE_SIGN_IN("A new device signed in to your Tiaki account",
			"""
					Kia ora,

					Someone signed in to your Tiaki account from a device we have not seen before: {device}, \
					from {place}, at {time}.

					If this was you, there is nothing to do.

					If it was not you, sign in at {portal}, change your password and sign out the devices \
					you do not recognise (My security). Your practice can help too.

					Tiaki
					"""),
	/** The account signed in from a country it had not signed in from before. */
	NEW_COUNTRY_SIGN_IN("A sign-in to your Tiaki account from another country",
			"""
					Kia ora,

					Someone signed in to your Tiaki account from {country}, where your account has not been \
					used before: {device}, at {time}.

					If this was you (travelling, for example), there is nothing to do.

					If it was not you, sign in at {portal}, change your password and sign out the devices \
					you do not recognise (My security). Your practice can help too.

					Tiaki
					"""),
	/** Two sign-ins too far apart for anyone to travel between them in the time. */
	IMPOSSIBLE_TRAVEL_SIGN_IN("Two sign-ins to your Tiaki account from far apart",
			"""
					Kia ora,

					Your Tiaki account signed in from {country} at {time}, {hours} after a sign-in about \
					{distance} away. Nobody can travel that far that fast, so one of the two may not have \
					been you — unless you use a VPN or a work network that routes you through another city.

					If you do not recognise both, sign in at {portal}, change your password and sign out the \
					devices you do not recognise (My security). Your practice can help too.

					Tiaki
					"""),
	/** A clinician outside the care team used emergency access to the patient's record. */
	EMERGENCY_ACCESS("Emergency access to your health record",
			"""
					Kia ora,

					A clinician used emergency access to open your health record on {time}. This is allowed \
					when someone urgently needs your information to care for you, and they had to give a reason.

					You can see who it was and their reason under "Who has seen my record" at {portal}. If you \
					have questions, contact your practice.

					Tiaki
					"""),
	/** An appointment is coming up. */
	APPOINTMENT_REMINDER("A reminder of your appointment",
			"""
					Kia ora,

					This is a reminder of your appointment at {practice} on {time} ({how}).

					If you cannot come, please cancel it at {portal} or phone your practice, so someone else \
					can have the time.

					Tiaki
					"""),
	/** The practice wrote to the patient. */
	NEW_MESSAGE("You have a new message from your practice",
			"""
					Kia ora,

					You have a new message from {practice}. Sign in at {portal} to read it (Messages).

					Tiaki
					"""),
	/** The practice answered a repeat prescription request. */
	REPEAT_ANSWERED("Your practice has answered your repeat prescription request",
			"""
					Kia ora,

					{practice} has answered your repeat prescription request. Sign in at {portal} to see the \
					answer (Repeat prescriptions).

					Tiaki
					"""),
	/** The practice answered a request to correct the record. */
	CORRECTION_ANSWERED("Your practice has answered your correction request",
			"""
					Kia ora,

					Your practice has answered your request to correct your health record. Sign in at {portal} \
					to see the answer (My health, then Corrections).

					Tiaki
					"""),
	/** The patient's practice is leaving the portal. */
	PRACTICE_LEAVING("Your practice is leaving Tiaki",
			"""
					Kia ora,

					{practice} will stop using Tiaki on {date}. After that day you will no longer see what \
					they published in Tiaki, and it will be deleted from Tiaki. Your practice keeps your health \
					record in its own system, and your care does not change.

					Before {date}, sign in at {portal} to download any documents you want to keep. Your practice \
					can tell you how to see your record after that.

					Tiaki
					"""),
	/** Someone who should not have seen part of the patient's information did. */
	BREACH_NOTICE("About your health information in Tiaki",
			"""
					Kia ora,

					We are writing because some of your health information in Tiaki was seen by someone who \
					should not have seen it, between {from} and {to}. We stopped the access and have told the \
					Privacy Commissioner. A letter with the details is on its way to you.

					To see what of yours was involved, go to {portal}/breach-status and enter this code: {code}
					(no sign-in needed). If you are worried, talk to your practice.

					We are sorry this happened.

					Tiaki
					"""),
	/** A security alert for a practice's privacy officer. */
	SECURITY_ALERT("Tiaki security alert at your practice",
			"""
					Kia ora,

					Tiaki raised a {severity} security alert at your practice at {time}: {summary}

					See the alert and the record of what happened at {portal}/practice/alerts.

					Tiaki
					""");

	private final String subject;

	private final String body;

	Template(String subject, String body) {
		this.subject = subject;
		this.body = body;
	}

	/**
	 * @return the subject line
	 */
	public String subject() {
		return this.subject;
	}

	/**
	 * @param values the values to fill in
	 * @return the body, with each {name} replaced
	 */
	String body(Map<String, String> values) {
		String text = this.body;
		for (Map.Entry<String, String> value : values.entrySet()) {
			text = text.replace("{" + value.getKey() + "}", value.getValue().replaceAll("[\\r\\n]+", " "));
		}
		return text;
	}

}
