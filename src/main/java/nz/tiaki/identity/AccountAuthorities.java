package nz.tiaki.identity;

import java.util.Set;

/**
 * Implemented by the modules that know what an account holder may be: they answer the roles
 * a holder has now. An account gets these roles only once both factors have passed.
 */
public interface AccountAuthorities {

	/**
	 * @param holder an account holder
	 * @return role names without the {@code ROLE_} prefix (for example {@code DOCTOR}); empty
	 * when this module does not know the holder or the holder may no longer sign in
	 */
	Set<String> rolesOf(AccountHolder holder);

}
