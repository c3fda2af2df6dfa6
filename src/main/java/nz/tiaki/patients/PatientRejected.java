package nz.tiaki.patients;

/**
 * A patient could not be registered; the message says why in plain words and names no one.
 */
public class PatientRejected extends RuntimeException {

	PatientRejected(String reason) {
		super(reason, null, false, false);
	}

}
