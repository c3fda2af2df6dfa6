package nz.tiaki.appointments;

/**
 * No such appointment or slot for this person — whether it does not exist or is someone
 * else's.
 */
public class AppointmentNotFound extends RuntimeException {

	private static final long serialVersionUID = 1L;

	AppointmentNotFound() {
		super("Not found", null, false, false);
	}

}
