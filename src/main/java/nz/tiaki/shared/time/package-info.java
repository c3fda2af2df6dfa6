/**
 * The clock every module reads time from, so tests can move it.
 */
package nz.tiaki.shared.time;
