package nz.tiaki.identity;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Judging where sign-ins come from.
 *
 * @param file an address-location file (DB-IP "lite" CSV, plain or gzipped); empty: no
 * judgement of countries or travel
 * @param travelKmPerHour faster than this between two sign-ins is impossible travel (an
 * airliner is about 900)
 * @param travelMinimumKm nearer than this is never judged (address locations are coarse)
 */
@ConfigurationProperties("tiaki.identity.places")
public record SignInPlaceSettings(@DefaultValue("") String file, @DefaultValue("1000") int travelKmPerHour,
		@DefaultValue("500") int travelMinimumKm) {
}
