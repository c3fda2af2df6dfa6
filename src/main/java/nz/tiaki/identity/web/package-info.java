/**
 * Pages for signing in, second factors, invitations and the account's own security.
 */
package nz.tiaki.identity.web;
