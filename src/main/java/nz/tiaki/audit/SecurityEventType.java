package nz.tiaki.audit;

/**
 * What happened, in words that stay stable in the log.
 */
public enum SecurityEventType {

	/** A password was accepted; the second factor is still owed. */
	PASSWORD_ACCEPTED,
	/** A password, code or passkey was refused. */
	SIGN_IN_FAILED,
	/** An attempt was refused unchecked because of throttling or a lock. */
	SIGN_IN_THROTTLED,
	/** An account or address was locked after too many failures. */
	LOCKED,
	/** Sign-ins failed unusually often across many addresses (an alert; no one is locked). */
	SIGN_IN_ATTACK_SPREAD,
	/** Both factors passed; a full session began. */
	SIGNED_IN,
	/** A sign-in from a country the account had not used, or too far from the last one. */
	SIGN_IN_UNUSUAL,
	/** A fresh second-factor check for a sensitive change. */
	STEP_UP,
	/** The session ended by the person's choice. */
	SIGNED_OUT,
	/** A session was ended by its owner or by the system. */
	SESSION_REVOKED,
	/** A session outlived its absolute lifetime. */
	SESSION_EXPIRED,
	/** A second factor was added. */
	FACTOR_ADDED,
	/** A second factor was removed. */
	FACTOR_REMOVED,
	/** A new set of recovery codes replaced the old. */
	RECOVERY_CODES_ISSUED,
	/** A recovery code was spent. */
	RECOVERY_CODE_USED,
	/** The password was changed. */
	PASSWORD_CHANGED,
	/** Password and second factors were destroyed; a new invitation is needed to sign in. */
	CREDENTIALS_RESET,
	/** An invitation was issued. */
	INVITATION_ISSUED,
	/** An invitation was redeemed and an account created. */
	INVITATION_REDEEMED,
	/** An invitation code or its check was refused. */
	INVITATION_REFUSED,
	/** An account was disabled. */
	ACCOUNT_DISABLED,
	/** A staff member was added to a practice. */
	STAFF_ADDED,
	/** A patient's data key was destroyed. */
	KEY_DESTROYED,
	/** The master key was rotated and data keys re-wrapped. */
	MASTER_KEY_ROTATED,
	/** A sealed value failed to open: altered, moved, or its key destroyed. */
	SEAL_BROKEN,
	/** An incident was scoped. */
	INCIDENT_SCOPED,
	/** An incident was contained: sessions ended, accounts locked. */
	INCIDENT_CONTAINED,
	/** An operator was added or removed. */
	OPERATOR_CHANGED,
	/** The public breach-status page showed a notice for a code. */
	BREACH_STATUS_SHOWN,
	/** The public breach-status page was given a code that matches no notice. */
	BREACH_STATUS_REFUSED,
	/** A privacy officer lifted a guard lock. */
	LOCK_LIFTED,
	/** An app was registered. */
	APP_REGISTERED,
	/** A person approved an app. */
	APP_APPROVED,
	/** An app's access was withdrawn. */
	APP_DISCONNECTED,
	/** A token was presented that is unknown, expired or revoked. */
	TOKEN_REFUSED,
	/** A practice system asked for a bulk export. */
	EXPORT_REQUESTED,
	/** A patient let someone act for them. */
	PROXY_GRANTED,
	/** A patient ended someone's right to act for them. */
	PROXY_REVOKED,
	/** An uploaded file was refused because the scanner found malware in it. */
	UPLOAD_INFECTED,
	/** An uploaded file was refused because it could not be scanned. */
	UPLOAD_UNSCANNED,
	/** An operator placed a legal hold against deletion. */
	LEGAL_HOLD_PLACED,
	/** An operator lifted a legal hold. */
	LEGAL_HOLD_LIFTED,
	/** The retention rules were applied. */
	RETENTION_APPLIED,
	/** A patient closed their account. */
	ACCOUNT_CLOSED,
	/** An operator set the last day of a practice in the portal. */
	PRACTICE_DEPARTURE_SCHEDULED,
	/** A practice's last day passed: its access ended and its data was destroyed (or held). */
	PRACTICE_DEPARTED,
	/** A patient asked for a copy of all their information. */
	DATA_EXPORT_REQUESTED,
	/** A practice's Health Provider Index identifiers, or a clinician's, were set. */
	PRACTICE_SETTINGS_CHANGED,
	/** A practice set the age at which parents' links to children's records end. */
	PARENT_LINK_AGE_SET,
	/** An address given for someone to act for a patient matched no account. */
	PROXY_ADDRESS_UNKNOWN,
	/** Audit events past the retention period were pruned. */
	AUDIT_PRUNED

}
