package nz.tiaki.clinics;

/**
 * A change to a practice's staff was refused; the message says why in plain words.
 */
public class StaffRejected extends RuntimeException {

	StaffRejected(String reason) {
		super(reason, null, false, false);
	}

}
