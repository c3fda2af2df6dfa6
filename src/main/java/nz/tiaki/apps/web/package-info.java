/**
 * The consent page an app sends a patient to, and the list of connected apps on the
 * patient's security page.
 */
package nz.tiaki.apps.web;
