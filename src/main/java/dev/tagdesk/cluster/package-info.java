/**
 * Several TagDesk instances on one database: the instance's name, scheduled jobs run once across
 * instances (ShedLock), heavy reads on a read replica ({@link dev.tagdesk.cluster.ReplicaReads}), and the
 * readiness drain on shutdown.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {})
package dev.tagdesk.cluster;
