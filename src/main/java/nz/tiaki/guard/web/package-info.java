/**
 * The practice's security alerts console and the page where a clinician states a reason.
 */
package nz.tiaki.guard.web;
