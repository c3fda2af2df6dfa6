/**
 * The clock every module reads time from, so tests can move it.
 */
@org.springframework.modulith.NamedInterface("time")
package nz.tiaki.shared.time;
