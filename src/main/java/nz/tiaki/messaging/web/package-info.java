/**
 * The message pages for patients and for practice staff.
 */
package nz.tiaki.messaging.web;
