// Docker provider resources, imported by deep path (the package index loads every resource).
export { Container, type ContainerConfig, type ContainerUpload, type ContainerVolumes } from '@cdktf/provider-docker/lib/container';
export { Image } from '@cdktf/provider-docker/lib/image';
export { Network } from '@cdktf/provider-docker/lib/network';
export { DockerProvider, type DockerProviderRegistryAuth } from '@cdktf/provider-docker/lib/provider';
export { RegistryImage } from '@cdktf/provider-docker/lib/registry-image';
export { DataDockerRegistryImage } from '@cdktf/provider-docker/lib/data-docker-registry-image';
export { Volume } from '@cdktf/provider-docker/lib/volume';
export { Config } from '@cdktf/provider-docker/lib/config';
export { Secret } from '@cdktf/provider-docker/lib/secret';
export { Service, type ServiceTaskSpecContainerSpecConfigs, type ServiceTaskSpecContainerSpecSecrets } from '@cdktf/provider-docker/lib/service';

/**
 * The kreuzwerker/docker release the stack is deployed with: the one `terraform-provider/install.sh`
 * builds (the newest release in that module's changelog; `terraform init` finds no other in the
 * mirror). The bindings above were generated for 3.6.2: where this release reads an attribute
 * otherwise (a Swarm service's networks by `id`), the stack writes Terraform's own keys.
 */
export const DOCKER_PROVIDER_VERSION = '4.6.0';
