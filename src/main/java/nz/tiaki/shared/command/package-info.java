/**
 * Operator commands run from the command line against the portal's database.
 */
@org.springframework.modulith.NamedInterface("command")
package nz.tiaki.shared.command;
