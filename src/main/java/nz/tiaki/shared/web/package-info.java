/**
 * Web plumbing shared by every module: request origin, errors, size limits.
 */
package nz.tiaki.shared.web;
