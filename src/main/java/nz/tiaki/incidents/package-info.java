/**
 * Breach response: scoping exactly what a set of sessions, accounts or addresses exposed.
 */
package nz.tiaki.incidents;
