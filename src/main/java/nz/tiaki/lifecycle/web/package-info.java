/**
 * Pages for the data lifecycle: a practice's retention choices.
 */
package nz.tiaki.lifecycle.web;
