/**
 * Accounts, invitations, passwords, second factors, sign-in throttling and sessions.
 */
package nz.tiaki.identity;
