// Command cert-manager-controller runs cert-manager's own controllers for Certificates,
// CertificateRequests of the CA and SelfSigned issuers, and Issuers/ClusterIssuers against a
// kubeconfig, as a host process for the engine tests (tools/engine/README.md). cert-manager's
// cmd/controller is a separate Go module that the module proxy here does not serve, so this
// starts the same registered controllers (pkg/controller.Known) the way it does: one
// ContextFactory, each controller built from it, then the shared informers started. No
// webhook, leader election, metrics or ACME/Vault/Venafi issuers.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"slices"
	"syscall"
	"time"

	"golang.org/x/sync/errgroup"

	controllerpkg "github.com/cert-manager/cert-manager/pkg/controller"
	logf "github.com/cert-manager/cert-manager/pkg/logs"

	// The controllers register themselves with pkg/controller in their init functions.
	_ "github.com/cert-manager/cert-manager/pkg/controller/certificaterequests/approver"
	_ "github.com/cert-manager/cert-manager/pkg/controller/certificaterequests/ca"
	_ "github.com/cert-manager/cert-manager/pkg/controller/certificaterequests/selfsigned"
	_ "github.com/cert-manager/cert-manager/pkg/controller/certificates/issuing"
	_ "github.com/cert-manager/cert-manager/pkg/controller/certificates/keymanager"
	_ "github.com/cert-manager/cert-manager/pkg/controller/certificates/readiness"
	_ "github.com/cert-manager/cert-manager/pkg/controller/certificates/requestmanager"
	_ "github.com/cert-manager/cert-manager/pkg/controller/certificates/revisionmanager"
	_ "github.com/cert-manager/cert-manager/pkg/controller/certificates/trigger"
	_ "github.com/cert-manager/cert-manager/pkg/controller/clusterissuers"
	_ "github.com/cert-manager/cert-manager/pkg/controller/issuers"
	// Issuers/ClusterIssuers find their implementation through pkg/issuer's registry.
	_ "github.com/cert-manager/cert-manager/pkg/issuer/ca"
	_ "github.com/cert-manager/cert-manager/pkg/issuer/selfsigned"
)

// The controllers this binary runs: every one must have registered itself.
var controllers = []string{
	"certificaterequests-approver",
	"certificaterequests-issuer-ca",
	"certificaterequests-issuer-selfsigned",
	"certificates-issuing",
	"certificates-key-manager",
	"certificates-readiness",
	"certificates-request-manager",
	"certificates-revision-manager",
	"certificates-trigger",
	"clusterissuers",
	"issuers",
}

type options struct {
	kubeconfig               string
	clusterResourceNamespace string
	workers                  int
}

func parseFlags(args []string) (options, error) {
	var opts options
	fs := flag.NewFlagSet("cert-manager-controller", flag.ContinueOnError)
	fs.StringVar(&opts.kubeconfig, "kubeconfig", "", "kubeconfig of the cluster (required)")
	fs.StringVar(&opts.clusterResourceNamespace, "cluster-resource-namespace", "cert-manager",
		"namespace where ClusterIssuers read their Secrets (the chart's installation namespace)")
	fs.IntVar(&opts.workers, "workers", 5, "workers per controller (cert-manager's default)")
	if err := fs.Parse(args); err != nil {
		return opts, err
	}
	if opts.kubeconfig == "" {
		return opts, errors.New("--kubeconfig: is required")
	}
	if opts.clusterResourceNamespace == "" {
		return opts, errors.New("--cluster-resource-namespace: must not be empty")
	}
	if opts.workers < 1 {
		return opts, fmt.Errorf("--workers: must be at least 1, got %d", opts.workers)
	}
	return opts, nil
}

func run(ctx context.Context, opts options) error {
	log := logf.FromContext(ctx)
	known := controllerpkg.Known()
	for _, name := range controllers {
		if _, ok := known[name]; !ok {
			return fmt.Errorf("controller %q is not registered by cert-manager's packages", name)
		}
	}

	// The values cert-manager's controller flags default to (its ControllerConfiguration).
	factory, err := controllerpkg.NewContextFactory(ctx, controllerpkg.ContextOptions{
		Kubeconfig:         opts.kubeconfig,
		KubernetesAPIQPS:   20,
		KubernetesAPIBurst: 50,
		IssuerOptions: controllerpkg.IssuerOptions{
			ClusterResourceNamespace: opts.clusterResourceNamespace,
		},
		CertificateOptions: controllerpkg.CertificateOptions{
			CopiedAnnotationPrefixes: []string{
				"*", "-kubectl.kubernetes.io/", "-fluxcd.io/", "-argocd.argoproj.io/",
			},
			CertificateRequestMinimumBackoffDuration: time.Hour,
		},
	})
	if err != nil {
		return err
	}
	base, err := factory.Build()
	if err != nil {
		return err
	}

	group, ctx := errgroup.WithContext(ctx)
	for _, name := range controllers {
		controller, err := known[name](factory)
		if err != nil {
			return fmt.Errorf("controller %s: %w", name, err)
		}
		group.Go(func() error {
			log.Info("starting controller", "controller", name)
			return controller.Run(opts.workers, ctx)
		})
	}
	// Informers are started after every controller asked for the ones it needs.
	base.SharedInformerFactory.Start(ctx.Done())
	base.KubeSharedInformerFactory.Start(ctx.Done())
	log.Info("controllers started", "controllers", slices.Clone(controllers))

	err = group.Wait()
	base.KubeSharedInformerFactory.Shutdown()
	base.SharedInformerFactory.Shutdown()
	return err
}

func main() {
	opts, err := parseFlags(os.Args[1:])
	if errors.Is(err, flag.ErrHelp) {
		return
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	logf.InitLogs()
	defer logf.FlushLogs()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	ctx = logf.NewContext(ctx, logf.Log, "cert-manager-controller")
	if err := run(ctx, opts); err != nil && !errors.Is(err, context.Canceled) {
		logf.Log.Error(err, "cert-manager-controller failed")
		logf.FlushLogs()
		os.Exit(1)
	}
}
