/**
 * Watchword's plain-Java core: what the services, the client library and the Flink job share, with
 * no framework. Each concern has one home here (see the module README).
 */
package io.watchword.core;
