// Docker provider resources, imported by deep path (the package index loads every resource).
export { Container, type ContainerConfig, type ContainerUpload, type ContainerVolumes } from '@cdktf/provider-docker/lib/container';
export { Image } from '@cdktf/provider-docker/lib/image';
export { Network } from '@cdktf/provider-docker/lib/network';
export { DockerProvider } from '@cdktf/provider-docker/lib/provider';
export { Volume } from '@cdktf/provider-docker/lib/volume';
export { Config } from '@cdktf/provider-docker/lib/config';
export { Secret } from '@cdktf/provider-docker/lib/secret';
export { Service, type ServiceTaskSpecContainerSpecConfigs, type ServiceTaskSpecContainerSpecSecrets } from '@cdktf/provider-docker/lib/service';
