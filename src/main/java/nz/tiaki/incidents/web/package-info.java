/**
 * The public breach-status page.
 */
package nz.tiaki.incidents.web;
