/**
 * Web plumbing shared by every module: request origin, errors, size limits.
 */
@org.springframework.modulith.NamedInterface("web")
package nz.tiaki.shared.web;
