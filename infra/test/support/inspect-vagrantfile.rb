# frozen_string_literal: true

# Prints, as JSON, what a Vagrantfile configures — machines, networks, providers, provisioners —
# without Vagrant or VirtualBox: `ruby inspect-vagrantfile.rb ../../cluster/vagrant/Vagrantfile`.
# It stands in for Vagrant's configuration API by recording every setting and call, so the tests can
# check the Vagrantfile against settings.yaml on a machine that cannot run VMs.

require "json"

# Records `config.x.y = value` as values and `config.x.call(args) { |nested| ... }` as calls.
class ConfigurationRecorder
  def initialize
    @values = {}
    @calls = []
  end

  def method_missing(name, *arguments, **options, &block)
    key = name.to_s
    return @values[key.chomp("=")] = arguments.first if key.end_with?("=")
    return @values[key] ||= ConfigurationRecorder.new if arguments.empty? && options.empty? && block.nil?

    nested = nil
    if block
      nested = ConfigurationRecorder.new
      # Provider blocks receive (provider, override); other blocks take only the first argument.
      block.call(nested, ConfigurationRecorder.new)
    end
    @calls << { "call" => key, "arguments" => arguments, "options" => options, "block" => nested&.to_h }.compact
    nil
  end

  def respond_to_missing?(_name, _include_private = false)
    true
  end

  def to_h
    values = @values.transform_values { |value| value.is_a?(ConfigurationRecorder) ? value.to_h : value }
    @calls.empty? ? values : values.merge("calls" => @calls)
  end

  def to_json(*options)
    to_h.to_json(*options)
  end
end

# The part of Vagrant's API a Vagrantfile calls at load time.
module Vagrant
  @configurations = []

  class << self
    attr_reader :configurations

    def configure(version)
      recorder = ConfigurationRecorder.new
      yield recorder
      @configurations << { "version" => version, "config" => recorder.to_h }
    end
  end
end

vagrantfile = ARGV.fetch(0) { abort "usage: ruby #{File.basename(__FILE__)} path/to/Vagrantfile" }
load File.expand_path(vagrantfile)
puts JSON.pretty_generate(Vagrant.configurations)
