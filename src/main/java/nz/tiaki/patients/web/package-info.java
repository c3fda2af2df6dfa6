/**
 * The patient's own pages.
 */
package nz.tiaki.patients.web;
