/**
 * The record of security events and access decisions.
 */
package nz.tiaki.audit;
