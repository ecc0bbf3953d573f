/** Where the stack runs: one Docker host, or a Docker Swarm of any number of nodes. */
export type Engine = 'docker' | 'swarm';
