package nz.tiaki.identity;

/**
 * An invitation could not be issued or redeemed; the message is for the person and names no
 * one.
 */
public class InvitationRejected extends RuntimeException {

	InvitationRejected(String reason) {
		super(reason, null, false, false);
	}

}
