/**
 * Data lifecycle: how long practice documents stay in the portal, legal holds that stop any
 * deletion, the daily job that applies the rules, and closing an account.
 */
package nz.tiaki.lifecycle;
