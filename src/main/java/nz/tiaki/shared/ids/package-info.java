/**
 * Identifiers several modules share.
 */
@org.springframework.modulith.NamedInterface("ids")
package nz.tiaki.shared.ids;
