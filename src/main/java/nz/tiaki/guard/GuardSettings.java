package nz.tiaki.guard;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Read budgets.
 *
 * @param documentsBeforeStepUp documents a session may open within {@code stepUpWindow}
 * (since its last second-factor check) before it must pass a fresh one
 * @param stepUpWindow that window
 * @param documentsBeforeLock documents a session may open within {@code lockWindow} before it
 * is locked
 * @param lockWindow that window
 * @param denialsBeforeLock refusals a session may collect within {@code lockWindow} before it
 * is locked (enumeration)
 * @param patientsBeforeReason distinct patients a staff account may open within
 * {@code lockWindow} before it must state a reason
 * @param bytesBeforeLock document content a session may download within {@code lockWindow}
 * before it is locked
 * @param operators e-mail addresses of Tiaki's operators, told of alerts that belong to no
 * one practice (an address locked for failed sign-ins)
 */
@ConfigurationProperties("tiaki.guard")
public record GuardSettings(int documentsBeforeStepUp, Duration stepUpWindow, int documentsBeforeLock,
		Duration lockWindow, int denialsBeforeLock, int patientsBeforeReason, DataSize bytesBeforeLock,
		java.util.List<String> operators) {

	public GuardSettings {
		operators = operators == null ? java.util.List.of() : java.util.List.copyOf(operators);
	}

}
