/**
 * The one RFC 9457 problem vocabulary: {@link io.watchword.core.problem.ProblemType} (type URI,
 * title, status), the serializer-free {@link io.watchword.core.problem.Problem} document and the
 * {@link io.watchword.core.problem.ProblemException} services throw. See docs/decisions/0070.
 */
package io.watchword.core.problem;
