/**
 * The Quarkus kit every Watchword service starts from: one implementation of each cross-cutting
 * concern (see the module README).
 */
package io.watchword.kit;
