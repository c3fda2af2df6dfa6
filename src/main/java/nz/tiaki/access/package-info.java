/**
 * The access gate: the one place that decides who may read or write what of a patient's
 * data, records every decision, and issues the grants the vault needs.
 */
package nz.tiaki.access;
