extension Inventory {
    /// The inventory used when none is given: an OpenShift 4 host cluster (`host`, reached
    /// in-cluster) and an OpenShift 3 source cluster (`ocp3`) with three applications to move —
    /// `shop` (three workloads, two volumes), `shop-db` (a database volume) and `blog` (an NFS
    /// volume, so `move` is offered). `examples/inventory.yaml` spells out the same inventory.
    public static let `default` = Inventory(
        transferRate: 256 * 1024 * 1024,
        clusters: [
            Cluster(
                name: "host",
                isHostCluster: true,
                registryPath: "image-registry.openshift-image-registry.svc:5000",
                storageClasses: [
                    StorageClass(name: "gp3-csi", provisioner: "ebs.csi.aws.com", isDefault: true),
                    StorageClass(
                        name: "ocs-storagecluster-ceph-rbd", provisioner: "openshift-storage.rbd.csi.ceph.com"),
                    StorageClass(
                        name: "ocs-storagecluster-cephfs", provisioner: "openshift-storage.cephfs.csi.ceph.com",
                        accessModes: ["ReadWriteOnce", "ReadWriteMany", "ReadOnlyMany"]),
                ]
            ),
            Cluster(
                name: "ocp3",
                apiURL: "https://api.ocp3.example.com:6443",
                registryPath: "registry.apps.ocp3.example.com",
                storageClasses: [
                    StorageClass(
                        name: "glusterfs-storage", provisioner: "kubernetes.io/glusterfs", isDefault: true,
                        accessModes: ["ReadWriteOnce", "ReadWriteMany", "ReadOnlyMany"]),
                    StorageClass(name: "gp2", provisioner: "kubernetes.io/aws-ebs"),
                    StorageClass(
                        name: "nfs", provisioner: "example.com/nfs",
                        accessModes: ["ReadWriteOnce", "ReadWriteMany", "ReadOnlyMany"]),
                ],
                namespaces: [
                    Namespace(
                        name: "shop",
                        workloads: [
                            Workload(kind: "Deployment", name: "frontend", replicas: 3, claims: ["catalog-images"]),
                            Workload(kind: "Deployment", name: "cart", replicas: 2, claims: ["cart-cache"]),
                            Workload(kind: "CronJob", name: "nightly-report", replicas: 1),
                        ],
                        pvcs: [
                            PersistentVolumeClaim(
                                name: "catalog-images", size: "10Gi", usedBytes: 2 * 1024 * 1024 * 1024,
                                storageClass: "glusterfs-storage", accessModes: ["ReadWriteMany"]),
                            PersistentVolumeClaim(
                                name: "cart-cache", size: "1Gi", usedBytes: 256 * 1024 * 1024, storageClass: "gp2"),
                        ],
                        imageStreams: 2
                    ),
                    Namespace(
                        name: "shop-db",
                        workloads: [Workload(kind: "StatefulSet", name: "postgres", replicas: 1, claims: ["pg-data"])],
                        pvcs: [
                            PersistentVolumeClaim(
                                name: "pg-data", size: "20Gi", usedBytes: 4 * 1024 * 1024 * 1024, storageClass: "gp2")
                        ]
                    ),
                    Namespace(
                        name: "blog",
                        workloads: [
                            Workload(kind: "DeploymentConfig", name: "wordpress", replicas: 1, claims: ["wp-content"])
                        ],
                        pods: [Pod(name: "wp-cli")],
                        pvcs: [
                            PersistentVolumeClaim(
                                name: "wp-content", size: "2Gi", usedBytes: 512 * 1024 * 1024, storageClass: "nfs",
                                accessModes: ["ReadWriteMany"])
                        ],
                        imageStreams: 1
                    ),
                ]
            ),
        ]
    )
}
