/**
 * Start-up checks that keep settings meant for trying Tiaki out away from real patients.
 */
@org.springframework.modulith.NamedInterface("safety")
package nz.tiaki.shared.safety;
